# SPDX-License-Identifier: Apache-2.0 OR MIT
"""Drive Ember's console under pexpect: start a board, run commands, restart.

A Console owns one running board (the sandbox program in a pty, or QEMU).
Every wait has a timeout. A board that crashed, timed out or printed a
sanitizer report is marked broken; conftest.py restarts it before the next
test. Processes are ended by their PID: SIGTERM, a bounded wait, SIGKILL.
"""

import os
import re
import signal
import time

import pexpect

# The prompt, matched at the start of a line only: 'crc32' prints "==> "
# in the middle of a line.
PROMPT_RE = r"\n=> "
AUTOBOOT_RE = r"Hit any key to stop autoboot"
STATUS_CMD = "echo @@rc=$?@@"
STATUS_RE = r"@@rc=(\d+)@@(?=\r*\n)"

# What a sanitizer prints when it finds something, and what the sandbox's
# virtio models print when the driver breaks a rule of the protocol
SANITIZER_RE = re.compile(
    r"ERROR: (?:Address|Leak|Memory|Thread)Sanitizer|"
    r"AddressSanitizer:DEADLYSIGNAL|runtime error: |"
    r": virtio protocol violation: ")

# QEMU devices that load an option ROM unless given an empty romfile=
ROM_NICS = ("virtio-net-pci", "e1000")  # each needs romfile=, see below
BOOT_TIMEOUT = {"sandbox": 15, "qemu_arm64": 60}
CMD_TIMEOUT = {"sandbox": 10, "qemu_arm64": 30}


class ConsoleError(Exception):
    """The board did something the test did not ask for (timeout, crash)."""

    def __init__(self, msg, output=""):
        super().__init__(f"{msg}\n--- console output ---\n{output}")
        self.output = output


class BoardExited(ConsoleError):
    """The board's process ended (sandbox exit, QEMU quit)."""


class ConsoleTimeout(ConsoleError):
    """No prompt within the timeout."""


class SanitizerError(ConsoleError):
    """AddressSanitizer or UBSan reported an error."""


def qemu_command(binary, extra_args=()):
    """The one QEMU command line for qemu_arm64; @extra_args adds devices.

    A PCI NIC must say romfile= (empty): QEMU otherwise loads an iPXE
    option ROM that Ember never runs and that a fresh machine does not
    have (Debian's qemu-system-arm does not pull in ipxe-qemu).
    """
    for arg in map(str, extra_args):
        if arg.startswith(ROM_NICS) and "romfile=" not in arg:
            raise ValueError(f"QEMU NIC without romfile=: {arg}")
    return ["qemu-system-aarch64", "-M", "virt", "-cpu", "cortex-a57",
            "-m", "1G", "-nographic", "-bios", binary, "-nic", "none",
            *extra_args]


def board_command(board, build_dir, extra_args=()):
    """argv that starts @board from @build_dir with @extra_args."""
    if board == "sandbox":
        return [os.path.join(build_dir, "ember"), *extra_args]
    if board == "qemu_arm64":
        return qemu_command(os.path.join(build_dir, "ember.bin"), extra_args)
    raise ValueError(f"unknown board '{board}'")


def board_binary(board, build_dir):
    """The file that must exist for @board to start."""
    return os.path.join(build_dir,
                        "ember" if board == "sandbox" else "ember.bin")


def clean(text):
    """Console text with the carriage returns removed."""
    return text.replace("\r", "")


class Console:
    """One board's console.

    run() types a command, waits for the prompt and returns (output, status).
    The output has no '\\r', no echoed command line and no trailing newline.
    The status comes from a second line, 'echo @@rc=$?@@'; when it is 1 a
    'false' restores $? so the next command sees the status of this one.
    Both lines land in the line-editing history: tests of history type raw
    keys with send() and expect() instead.
    """

    def __init__(self, board, build_dir, extra_args=(), logfile=None,
                 name=None, prefix=()):
        self.board = board
        self.build_dir = build_dir
        self.extra_args = list(extra_args)
        # argv run before the board's own, which it must exec (e.g. 'ip
        # netns exec <ns>'), so that the PID stays the board's
        self.prefix = list(prefix)
        self.name = name or board
        self.logfile = logfile
        self.child = None
        self.broken = False
        self.boot_log = ""
        self.transcript = []    # everything read since mark()
        self.cmd_timeout = CMD_TIMEOUT.get(board, 30)
        self.boot_timeout = BOOT_TIMEOUT.get(board, 60)
        self.exitstatus = None
        self.signalstatus = None

    # ------------------------------------------------------------ process
    def argv(self):
        return [*self.prefix,
                *board_command(self.board, self.build_dir, self.extra_args)]

    def is_alive(self):
        return self.child is not None and self.child.isalive()

    def start(self):
        """Start the board and wait for its first prompt."""
        binary = board_binary(self.board, self.build_dir)
        if not os.path.exists(binary):
            raise ConsoleError(
                f"{binary} does not exist: build the {self.name} board first "
                f"(make O={self.build_dir} {self.board}_defconfig && "
                f"make O={self.build_dir} -j2)")
        argv = self.argv()
        env = dict(os.environ)
        env.setdefault("ASAN_OPTIONS", "detect_leaks=1:color=never")
        env.setdefault("UBSAN_OPTIONS", "print_stacktrace=1")
        self.broken = False
        self.exitstatus = self.signalstatus = None
        self.child = pexpect.spawn(argv[0], argv[1:], env=env,
                                   encoding="utf-8", codec_errors="replace",
                                   timeout=self.cmd_timeout, echo=False,
                                   dimensions=(50, 250))
        self.child.delaybeforesend = None
        if self.logfile:
            self.child.logfile_read = self.logfile
            self.logfile.write(f"\n===== start {self.name}: "
                               f"{' '.join(argv)}\n")
        self.boot_log = self.wait_boot()

    def wait_boot(self, timeout=None):
        """Wait for the prompt after (re)boot; stop autoboot if offered."""
        timeout = timeout or self.boot_timeout
        deadline = time.monotonic() + timeout
        log = ""
        idx = self._expect([PROMPT_RE, AUTOBOOT_RE], timeout)
        log += self.child.before + self.child.after
        if idx == 1:
            self.child.send(" ")
            self._expect([PROMPT_RE], max(1, deadline - time.monotonic()))
            log += self.child.before + self.child.after
        return clean(log)

    def close(self):
        """End the board by its PID: SIGTERM, wait, SIGKILL."""
        child, self.child = self.child, None
        if child is None:
            return
        if child.isalive():
            self._kill(child, signal.SIGTERM, 5)
        if child.isalive():
            self._kill(child, signal.SIGKILL, 5)
        try:
            child.close(force=True)
        except (OSError, pexpect.ExceptionPexpect):
            pass
        if self.logfile:
            self.logfile.flush()

    @staticmethod
    def _kill(child, sig, wait):
        try:
            os.kill(child.pid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            try:
                if not child.isalive():
                    return
            except pexpect.ExceptionPexpect:
                return
            time.sleep(0.05)

    def restart(self):
        self.close()
        self.start()

    def ensure_running(self):
        """Start (or restart) the board unless it is up and healthy."""
        if self.broken or not self.is_alive():
            self.close()
            self.start()

    # ------------------------------------------------------------ I/O
    def mark(self):
        """Forget the transcript: sanitizer checks start from here."""
        self.transcript = []

    def send(self, text):
        """Type raw characters (keys, escape sequences)."""
        if not self.is_alive():
            raise BoardExited(f"{self.name} is not running")
        self.child.send(text)

    def send_line(self, line):
        self.send(line + "\r")

    def _expect(self, patterns, timeout):
        """pexpect.expect() that records text and turns failures into
        ConsoleError; returns the index of the pattern that matched."""
        failure = None
        try:
            idx = self.child.expect(patterns, timeout=timeout)
        except pexpect.EOF:
            failure = "eof"
        except pexpect.TIMEOUT:
            failure = "timeout"
        if failure:
            out = clean(self.child.before or "")
            self.transcript.append(out)
            self.broken = True
            self._check_sanitizer(out)
            if failure == "eof":
                self._reap()
                raise BoardExited(f"{self.name} exited ({self.exit_text()})",
                                  out)
            raise ConsoleTimeout(
                f"{self.name}: no {patterns} within {timeout} s", out)
        text = clean(self.child.before + str(self.child.after))
        self.transcript.append(text)
        self._check_sanitizer(text)
        return idx

    def expect(self, pattern, timeout=None):
        """Wait for @pattern (a regex); return the text before it."""
        self._expect([pattern], timeout or self.cmd_timeout)
        return clean(self.child.before)

    @property
    def match(self):
        return self.child.match

    def expect_prompt(self, timeout=None):
        """Wait for a prompt at the start of a line; text before it."""
        return self.expect(PROMPT_RE, timeout)

    def _check_sanitizer(self, text):
        m = SANITIZER_RE.search(text)
        if m:
            self.broken = True
            raise SanitizerError(f"{self.name}: sanitizer or protocol-checker report", text)

    def check_transcript(self):
        """Raise SanitizerError if anything read since mark() has a report."""
        text = "".join(self.transcript)
        self._check_sanitizer(text)

    # ------------------------------------------------------------ commands
    def run(self, cmd, timeout=None):
        """Run @cmd at the prompt; return (output, status).

        The command's output must end with a newline (the prompt is only
        recognised at the start of a line).
        """
        timeout = timeout or self.cmd_timeout
        self.send_line(cmd)
        out = self.expect_prompt(timeout)
        # Drop the echoed command line
        out = out.split("\n", 1)[1] if "\n" in out else ""
        status = self.last_status()
        return out, status

    def last_status(self):
        """$? of the last command, left unchanged."""
        self.send_line(STATUS_CMD)
        self._expect([STATUS_RE], self.cmd_timeout)
        status = int(self.child.match.group(1))
        self.expect_prompt()
        if status:
            self.send_line("false")
            self.expect_prompt()
        return status

    def run_ok(self, cmd, timeout=None):
        """run() that must succeed; returns the output."""
        out, status = self.run(cmd, timeout)
        assert status == 0, f"'{cmd}' failed (status {status}):\n{out}"
        return out

    def run_fail(self, cmd, timeout=None):
        """run() that must fail; returns the output."""
        out, status = self.run(cmd, timeout)
        assert status == 1, f"'{cmd}' did not fail (status {status}):\n{out}"
        return out

    def run_until_exit(self, cmd, timeout=None):
        """Type @cmd and wait for the board's process to end.

        Returns the output (without the echoed line); exitstatus and
        signalstatus are set. The console must be restarted afterwards.
        """
        timeout = timeout or self.cmd_timeout
        self.send_line(cmd)
        self.broken = True
        try:
            self.child.expect(pexpect.EOF, timeout=timeout)
        except pexpect.TIMEOUT:
            out = clean(self.child.before)
            self.transcript.append(out)
            self._check_sanitizer(out)
            raise ConsoleTimeout(f"{self.name} did not exit after '{cmd}'",
                                 out) from None
        out = clean(self.child.before)
        self.transcript.append(out)
        self._reap()
        self._check_sanitizer(out)
        return out.split("\n", 1)[1] if "\n" in out else ""

    def _reap(self, wait=5):
        """Collect the exit status of a process that closed its output."""
        deadline = time.monotonic() + wait
        while self.child.isalive() and time.monotonic() < deadline:
            time.sleep(0.02)
        if not self.child.isalive():
            self.exitstatus = self.child.exitstatus
            self.signalstatus = self.child.signalstatus

    def exit_text(self):
        if self.signalstatus is not None:
            return f"signal {self.signalstatus}"
        if self.exitstatus is not None:
            return f"status {self.exitstatus}"
        return "still running"
