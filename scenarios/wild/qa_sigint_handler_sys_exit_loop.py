# source: https://runebook.dev/en/docs/python/library/signal/module-contents
# adapted: re-typed; nothing else needed (the "except Exception" does not catch the SystemExit raised by the handler)
# pythread: ctrl-c
import signal
import time
import sys

# 1. Define the signal handler function
def graceful_exit_handler(signum, frame):
    print(f"\nCaught signal {signum}. Time to shut down gracefully...")
    # Perform cleanup tasks here (e.g., closing connections, saving state)
    sys.exit(0) # Exit the program after cleanup

# 2. Register the handler for SIGINT
signal.signal(signal.SIGINT, graceful_exit_handler)

print("Running... Press Ctrl+C to send SIGINT.")
try:
    # Main program loop
    while True:
        print("Working...")
        time.sleep(1)
except Exception as e:
    # This might catch other unexpected exceptions
    print(f"An unexpected error occurred: {e}")
