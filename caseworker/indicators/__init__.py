"""Regional indicators: plan against fact, drill-down to districts and to the persons behind a
figure, the briefing, exports and charts."""
