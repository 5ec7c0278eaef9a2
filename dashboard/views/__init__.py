from dashboard.views.home import dashboard

__all__ = ["dashboard"]
