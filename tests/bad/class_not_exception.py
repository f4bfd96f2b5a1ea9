# expect: 2:1 unsupported: class `Foo`
class Foo:
    pass
