"""danvan_desktop: the desktop program of a district Ban Dân vận office."""

__version__ = "0.1.0"
APP_NAME = "Dân vận khéo"
