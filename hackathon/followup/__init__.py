"""The follow-up of the prototypes chosen for testing: from the published decision through
Discovery, Incubation and Acceleration (DIA), with trial actions, value measured, learning notes
and check-ins, so that what was decided does not quietly vanish."""
