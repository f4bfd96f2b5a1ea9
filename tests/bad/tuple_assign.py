# expect: 2:1 unsupported: assignment to anything but one plain name
a, b = 1, 2
