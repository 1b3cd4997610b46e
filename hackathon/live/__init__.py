"""The live event: projector view, facilitator dashboard, announcements."""
