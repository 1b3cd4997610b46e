"""Accounts and access: facilitator sign-in, joining with a code, personal links, invitations."""
