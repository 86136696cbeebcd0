"""Console lines of the board app: one line per event, never a secret."""


def log(text):
    print("mstreams: " + text)
