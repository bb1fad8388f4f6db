"""First start: who the office is (level and unit from the official list)."""
