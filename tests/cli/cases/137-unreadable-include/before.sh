# unreadable: the runner runs clerk as nobody when it is root (unprivileged)
chmod 000 secret.journal
