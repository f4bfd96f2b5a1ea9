# expect: 2:5 unsupported: operator `**`
x = 2 ** 8
