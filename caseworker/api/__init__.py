"""The JSON API under /api/v1 (flask-smorest, token-authenticated) and the pages that go
with it: API tokens and the human-readable OpenAPI document."""
