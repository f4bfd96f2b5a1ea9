# expect: 3:17 unsupported: `sep=` other than a string literal or None
sep = "-"
print("a", "b", sep=sep)
