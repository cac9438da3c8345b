"""Settings, read from environment variables prefixed CASEWORKER_."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

PREFIX = "CASEWORKER_"
ROOT = Path(__file__).resolve().parent.parent
INSTANCE = ROOT / "instance"


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(PREFIX + name, default)


def _kept_key(name: str) -> str:
    """A key kept in instance/<name>, made once, readable by its owner only. Written whole
    into a file of its own and then linked into place, so that two processes starting at once
    read the same key and never half of one."""
    path = INSTANCE / name
    if not path.exists():
        INSTANCE.mkdir(parents=True, exist_ok=True)
        draft = INSTANCE / f".{name}.{os.getpid()}"
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_hex(32))
        try:
            os.link(draft, path)
        except FileExistsError:
            pass  # another process made it first: theirs is the key
        finally:
            draft.unlink()
    return path.read_text().strip()


def secret_key() -> str:
    """The key from the environment, else the one kept in instance/ (made once)."""
    return env("SECRET_KEY") or _kept_key("secret_key")


def audit_key(public_url: str) -> str:
    """The audit chain's own key: CASEWORKER_AUDIT_KEY, or the file CASEWORKER_AUDIT_KEY_FILE
    names; on a developer's machine one made into instance/audit_key. A server whose public
    address is https refuses to start without one given (kept apart from the data)."""
    if env("AUDIT_KEY"):
        return env("AUDIT_KEY")
    if env("AUDIT_KEY_FILE"):
        return Path(env("AUDIT_KEY_FILE")).read_text().strip()
    if public_url.startswith("https://"):
        raise RuntimeError("CASEWORKER_AUDIT_KEY (or CASEWORKER_AUDIT_KEY_FILE) must be set "
                           "on a server: the audit chain's key is not the session secret")
    return _kept_key("audit_key")


def private_file(path: Path) -> Path:
    """The file, created empty and readable by its owner only when it does not exist yet
    (SQLite then writes into it and keeps its mode; its -wal and -shm follow the mode)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass
    return path


def default_database_url() -> str:
    return f"sqlite:///{private_file(INSTANCE / 'caseworker.sqlite')}"


def secure_cookies(public_url: str) -> bool:
    """Secure cookies wherever the app is served over HTTPS (production), unless overridden."""
    setting = env("SECURE_COOKIES")
    return setting == "1" if setting in ("0", "1") else public_url.startswith("https://")


def local_only(public_url: str) -> bool:
    """Whether the address printed on letters reaches only this machine (the default): a
    person scanning the QR code elsewhere would reach nothing."""
    import ipaddress
    from urllib.parse import urlsplit
    host = (urlsplit(public_url).hostname or "").lower()
    if host in ("", "localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:  # a name: reached through the DNS
        return False
    return address.is_loopback or address.is_unspecified


def default_public_url() -> str:
    """Where letters point when CASEWORKER_PUBLIC_URL is unset: this machine, on the port the
    server listens on (`PORT`, as `make run PORT=5201` sets it); never the request's Host."""
    port = os.environ.get("PORT", "")
    return f"http://127.0.0.1:{port if port.isdigit() else '5000'}"


def ratelimit_storage() -> str:
    return env("RATELIMIT_STORAGE_URI") or env("REDIS_URL") or "memory://"


def second_factor_roles() -> list[str] | None:
    """CASEWORKER_REQUIRE_2FA_ROLES: the roles that must log in with a second factor,
    comma-separated (empty: none); unset: the policy's roles when it is required."""
    value = env("REQUIRE_2FA_ROLES")
    if value is None:
        return None
    return [role.strip() for role in value.split(",") if role.strip()]


def require_second_factor(public_url: str) -> bool:
    setting = env("REQUIRE_SECOND_FACTOR")
    return setting == "1" if setting in ("0", "1") else public_url.startswith("https://")


def load() -> dict:
    """The configuration of a running app; tests pass overrides to create_app."""
    public_url = env("PUBLIC_URL") or default_public_url()
    return {
        "SECRET_KEY": secret_key(),
        # The audit chain's key, and where each seal's digest is also written (append-only).
        "AUDIT_KEY": audit_key(public_url),
        "AUDIT_ANCHOR_FILE": env("AUDIT_ANCHOR_FILE") or str(INSTANCE / "audit_anchor"),
        # The key of secrets kept encrypted in the database (second-factor secrets); unset:
        # derived from SECRET_KEY (caseworker.secrets_at_rest)
        "SECRETS_KEY": env("SECRETS_KEY"),
        # where `flask backup create` writes when it is given no file
        "BACKUP_DIR": env("BACKUP_DIR") or str(INSTANCE / "backups"),
        "SQLALCHEMY_DATABASE_URI": env("DATABASE_URL") or default_database_url(),
        # hide_parameters: an error message or log line never carries an IIN or a name.
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, "hide_parameters": True},
        "PUBLIC_URL": public_url,
        # A read-only streaming replica for the reports (caseworker.replica); unset: none.
        "REPORTING_DATABASE_URL": env("REPORTING_DATABASE_URL"),
        "REPORTING_BLUEPRINTS": {"indicators"},
        "REPORTING_ENDPOINTS": {"api.indicator_report"},
        "READ_OWN_WRITES_SECONDS": int(env("READ_OWN_WRITES_SECONDS", "10")),
        # Login limits count once across processes: in Redis when there is one (memory:// is
        # exact only within one process; `make run` then serves with one, and threads).
        "RATELIMIT_STORAGE_URI": ratelimit_storage(),
        "RATELIMIT_HEADERS_ENABLED": True,
        # werkzeug's scrypt: slow and salted; tests switch to a fast pbkdf2.
        "PASSWORD_HASH_METHOD": env("PASSWORD_HASH_METHOD", "scrypt"),
        "LOGIN_LOCK_FAILURES": int(env("LOGIN_LOCK_FAILURES", "5")),
        "LOGIN_LOCK_MINUTES": int(env("LOGIN_LOCK_MINUTES", "15")),
        "BABEL_DEFAULT_LOCALE": env("DEFAULT_LOCALE", "ru"),
        # The career centres' time: "today", a contact's time, a letter's date (caseworker.clock).
        "TIMEZONE": env("TIMEZONE", "Asia/Almaty"),
        "BABEL_TRANSLATION_DIRECTORIES": str(ROOT / "caseworker" / "translations"),
        "LANGUAGES": ["kk", "ru", "en"],
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": secure_cookies(public_url),
        "REMEMBER_COOKIE_SECURE": secure_cookies(public_url),
        # Strict-Transport-Security on answers served over HTTPS (or when the public address
        # is https): browsers then refuse plain http for this long; 0 sends none.
        "HSTS_SECONDS": int(env("HSTS_SECONDS", "31536000")),
        "WTF_CSRF_TIME_LIMIT": None,
        "PAGE_SIZE": 50,
        "LOGIN_RATE_PER_ADDRESS": env("LOGIN_RATE_PER_ADDRESS", "30 per 15 minutes"),
        "LOGIN_RATE_PER_LOGIN": env("LOGIN_RATE_PER_LOGIN", "10 per 15 minutes"),
        # The second factor (TOTP): required of admins, regional officers and analysts on a
        # server (https), optional elsewhere and for everyone else; the name in the app.
        "REQUIRE_SECOND_FACTOR": require_second_factor(public_url),
        "REQUIRE_2FA_ROLES": second_factor_roles(),
        "TOTP_ISSUER": env("TOTP_ISSUER", "Caseworker"),
        "SESSION_IDLE_MINUTES": int(env("SESSION_IDLE_MINUTES", "30")),
        "SESSION_MAX_HOURS": int(env("SESSION_MAX_HOURS", "12")),
        # A referred person with no answer from the provider after this many days is flagged.
        "PROVIDER_WAIT_DAYS": int(env("PROVIDER_WAIT_DAYS", "14")),
        # An indicator is on track at this pace or above, lagging below the next; a region
        # lags when at least INDICATOR_LAGGING_COUNT of its indicators do (DESIGN.md).
        "INDICATOR_ON_TRACK": float(env("INDICATOR_ON_TRACK", "1.0")),
        "INDICATOR_LAGGING": float(env("INDICATOR_LAGGING", "0.95")),
        "INDICATOR_LAGGING_COUNT": int(env("INDICATOR_LAGGING_COUNT", "2")),
        # Background jobs (caseworker.jobs): the queue in Redis when set, else SQLite in
        # instance/; results kept this many hours in FILES_DIR; exports larger than
        # EXPORT_JOB_ROWS rows become jobs.
        "REDIS_URL": env("REDIS_URL"),
        "QUEUE_FILE": env("QUEUE_FILE") or str(INSTANCE / "queue.sqlite"),
        "FILES_DIR": env("FILES_DIR") or str(INSTANCE / "files"),
        "JOB_RESULT_HOURS": int(env("JOB_RESULT_HOURS", "24")),
        "JOB_ATTEMPTS": int(env("JOB_ATTEMPTS", "2")),
        "JOB_STALE_MINUTES": int(env("JOB_STALE_MINUTES", "60")),
        "EXPORT_JOB_ROWS": int(env("EXPORT_JOB_ROWS", "10000")),
        # Operations (caseworker.observe): who may read /metrics (addresses or networks,
        # comma-separated, or a bearer token), and the request log's format (json or text).
        "METRICS_ALLOW": env("METRICS_ALLOW", "127.0.0.1,::1"),
        "METRICS_TOKEN": env("METRICS_TOKEN"),
        "LOG_FORMAT": env("LOG_FORMAT", "json"),
        # Bulk imports (caseworker.imports): a file larger than this, or with more rows, is
        # refused as a whole.
        "IMPORT_MAX_MB": int(env("IMPORT_MAX_MB", "300")),
        "IMPORT_MAX_ROWS": int(env("IMPORT_MAX_ROWS", "1100000")),
    }
