# source: https://alexandra-zaharia.github.io/posts/how-to-stop-a-python-thread-cleanly/
# adapted: re-typed (first version of the post: Ctrl-C stops the main program but not the thread); the per-iteration sleep shortened from 0.5 s to 0.25 s
# pythread: ctrl-c
import threading
import time


def do_some_work(n_iter):
    for i in range(n_iter):
        print(f'iteration {i + 1}/{n_iter}')
        time.sleep(0.25)
    print('Thread done')


if __name__ == '__main__':
    n_iter = 10
    thread = threading.Thread(target=do_some_work, args=(n_iter,))
    thread.start()
    thread.join()
    print('Program done')
