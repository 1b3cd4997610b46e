"""Events: creating and editing them, their phases, the people in them and invitations."""
