"""A self-signed certificate for https://localhost in development, made once and then reused.

LiveChat's Agent App only loads extensions over HTTPS, so the development server serves HTTPS
too. The certificate is made with the `cryptography` library (no hand-rolled crypto), kept in
`.devcert/` (git-ignored) so the browser's one-time exception keeps working, and is valid for
localhost, 127.0.0.1 and ::1 only. Never use it in production.
"""

from __future__ import annotations

import datetime
import ipaddress
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

DEFAULT_FOLDER = Path(".devcert")


def ensure_certificate(folder: Path = DEFAULT_FOLDER) -> tuple[Path, Path]:
    """The (certificate, key) PEM files for localhost, created on first use."""
    certificate, key = folder / "localhost.pem", folder / "localhost-key.pem"
    if certificate.is_file() and key.is_file():
        return certificate, key
    folder.mkdir(parents=True, exist_ok=True)
    private_key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(private_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=825))  # the longest browsers accept
        .add_extension(
            x509.SubjectAlternativeName(
                [
                    x509.DNSName("localhost"),
                    x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                    x509.IPAddress(ipaddress.ip_address("::1")),
                ]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(private_key, hashes.SHA256())
    )
    key.write_bytes(
        private_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    key.chmod(0o600)
    certificate.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return certificate, key
