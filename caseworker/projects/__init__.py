"""The register of Employment Roadmap projects."""
