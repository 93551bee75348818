"""kg serve's worker pool: real worker processes over a real store."""

import os
import signal

from kg.serve.jobs import Answer, Job
from kg.serve.workers import PoolBusy, WorkerPool

LOBBYISTS = "SELECT ?who WHERE { ?who kg:lobbies ?whom }"


def test_a_dead_worker_is_replaced_and_the_query_asked_again(built_store_path):
    pool = WorkerPool(str(built_store_path), size=2, timeout=30)
    try:
        assert pool.run(Job(query=LOBBYISTS, accept="text/csv")).status == 200  # both workers started
        process, _ = pool._idle._workers[-1]  # the worker that answered, which answers next (the warmest)
        os.kill(process.pid, signal.SIGKILL)  # dies, as a worker killed by the system would
        process.join(5)
        answers = [pool.run(Job(query=LOBBYISTS, accept="text/csv")) for _ in range(3)]
        assert all(isinstance(a, Answer) and a.status == 200 and b"jensen-huang" in a.body for a in answers)
        assert all(process.is_alive() for process, _ in pool._all) and len(pool._all) == 2
    finally:
        pool.close()


def test_two_deaths_on_one_query_are_a_clear_busy_answer(built_store_path):
    pool = WorkerPool(str(built_store_path), size=2, timeout=30)
    try:
        for process, _ in list(pool._all):
            os.kill(process.pid, signal.SIGKILL)
            process.join(5)
        try:
            pool.run(Job(query=LOBBYISTS))
        except PoolBusy as err:
            assert "two query workers stopped" in str(err)
        else:
            raise AssertionError("a query on two dead workers was answered")
        assert pool.run(Job(query=LOBBYISTS)).status == 200  # their replacements answer
    finally:
        pool.close()


def test_the_worker_that_answered_last_answers_next(built_store_path):
    """A warm worker (its store's caches filled) is reused while it is free; the others wait behind it."""
    pool = WorkerPool(str(built_store_path), size=3, timeout=30)
    try:
        answered = []
        for _ in range(4):
            assert pool.run(Job(query=LOBBYISTS, accept="text/csv")).status == 200
            answered.append(pool._idle._workers[-1])
        assert len({id(worker) for worker in answered}) == 1 and len(pool._idle._workers) == 3
    finally:
        pool.close()
