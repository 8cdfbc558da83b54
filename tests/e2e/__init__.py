"""End-to-end tests: the real app in a real X server (Xvfb), driven by xdotool."""
