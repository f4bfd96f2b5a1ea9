# source: https://github.com/python/cpython/blob/v3.11.7/Lib/test/test_threading.py#L1733-L1746
# adapted: the "-c" script string of AtexitTests.test_atexit_called_once extracted
if True:
    import threading
    from unittest.mock import Mock

    mock = Mock()
    threading._register_atexit(mock)
    mock.assert_not_called()
    # force early shutdown to ensure it was called once
    threading._shutdown()
    mock.assert_called_once()
