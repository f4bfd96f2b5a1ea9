# expect: 2:5 unsupported: this literal
x = 123456789012345678901234567890
