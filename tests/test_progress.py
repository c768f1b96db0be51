"""Progress of long commands: a bar redrawn in place on a terminal, plain lines elsewhere."""
import io

from participa.progress import Progress, count_lines


class Terminal(io.StringIO):
    def isatty(self):
        return True


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_off_a_terminal_each_update_is_one_line_with_rate_and_time_left(app):
    stream, clock = io.StringIO(), Clock()
    with app.test_request_context(headers={"Accept-Language": "en"}):
        progress = Progress(1000, lambda done: f"{done} rows", stream=stream, clock=clock)
        clock.now = 10.0
        progress.update(250)
        clock.now = 40.0
        progress.finish(1000)
    first, last = stream.getvalue().splitlines()
    assert first.startswith("250 rows (25 per second") and "left" in first
    assert last == "1000 rows (25 per second)"


def test_on_a_terminal_one_bar_is_redrawn_in_place(app):
    stream, clock = Terminal(), Clock()
    with app.test_request_context():
        progress = Progress(200, lambda done: f"{done} rows", stream=stream, clock=clock)
        for done in range(1, 101):
            clock.now += 0.01
            progress.update(done)
        clock.now += 1
        progress.finish(200)
    output = stream.getvalue()
    assert "\n" not in output[:-1] and output.endswith("\n")
    draws = output.split("\r")[1:]
    assert len(draws) < 10  # redrawn a few times a second, not once per row
    assert draws[-1].startswith("[" + "#" * 24 + "] 100% 200 rows")


def test_count_lines(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(b"h\n1\n2")
    assert count_lines(str(path)) == 3
    path.write_bytes(b"h\n1\n")
    assert count_lines(str(path)) == 2
