# expect: 2:1 unsupported: `raise … from …`
raise ValueError from None
