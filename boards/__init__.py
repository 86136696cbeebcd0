"""Board definitions (one folder per board); installed as `mstreams_boards`
so that the host finds them. Nothing here runs on a board."""
