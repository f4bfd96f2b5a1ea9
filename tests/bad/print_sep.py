# expect: 2:12 unsupported: print's `sep=` argument
print("a", sep="")
