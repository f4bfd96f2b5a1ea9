# expect: 2:5 unsupported: this literal
x = b"bytes"
