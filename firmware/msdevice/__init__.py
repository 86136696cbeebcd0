"""The device application: config, persistent channel state and outbox,
serial and Wi-Fi links, the sensor loop. MicroPython; the frame codec and the
reading format are shared with the host."""
