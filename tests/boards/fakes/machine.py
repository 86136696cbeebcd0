"""Stand-in for a board's `machine` module in the unix port (it comes first
on MICROPYPATH); a test sets what the hardware answers."""
ADC_RAW = {}   # ADC channel -> read_u16() value
I2C_REGS = {}  # I2C address -> bytearray(256), the device's registers
I2C_WRITES = []  # (address, register, bytes) in the order written


class Pin:
    def __init__(self, n):
        self.n = n


class ADC:
    def __init__(self, channel):
        self.channel = channel

    def read_u16(self):
        return ADC_RAW[self.channel]


class I2C:
    def __init__(self, i2c_id, sda, scl):
        self.id, self.sda, self.scl = i2c_id, sda.n, scl.n

    def _regs(self, address):
        if address not in I2C_REGS:
            raise OSError(19)  # ENODEV: what the rp2 port raises for a missing device
        return I2C_REGS[address]

    def readfrom_mem(self, address, reg, n):
        return bytes(self._regs(address)[reg:reg + n])

    def writeto_mem(self, address, reg, buf):
        self._regs(address)
        I2C_WRITES.append((address, reg, bytes(buf)))
