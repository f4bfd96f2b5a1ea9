# expect: 3:5 unsupported: `__del__`
class Resource:
    def __del__(self):
        print("finalized")


r = Resource()
