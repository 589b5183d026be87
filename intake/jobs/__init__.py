"""Work a request queues instead of doing, so the answer cannot tell what was found.

'Send my link again' and 'send my confirmation again' must not show whether an address is
known (issue 9 §5). The request only stores one Job row, whatever the address, and answers at
once; the mail worker (add_worker_task) then looks the address up and sends or does nothing.
The request therefore does the same work, and takes the same time, either way.
"""
