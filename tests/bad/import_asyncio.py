# expect: 2:8 unsupported: import of module `asyncio`
import asyncio
