"""kehoach-gen: Vietnamese administrative plans, projects and reports from YAML."""

__version__ = "0.1.0"
