# expect: 2:1 unsupported: `async def`
async def f():
    pass
