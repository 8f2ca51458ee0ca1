"""How a check talks to the student's code: simulated users and what they observe.

    transcript.py  the Scenario (a check's clock and story) and Failure (a reason to act on)
    peers.py       simulated users on TCP and UDP, and the Stream each one receives
    scenarios.py   Chat (a server with users around it) and ClientRun (a client before a fake server)
    handshake.py   the protocol's TCP handshake on a socket nobody else reads
    cast.py        the users' names and lines: chat content, in Russian
"""
