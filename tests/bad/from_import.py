# expect: 2:1 unsupported: `from … import …`
from threading import Lock
