"""The demo event: a realistic cross-sector hackathon modelled on the seed texts."""
