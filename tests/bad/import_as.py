# expect: 2:8 unsupported: `import … as …`
import threading as th
