"""Complaint packets for campaigners: pick a platform, download the packet as a zip."""

from __future__ import annotations

import io
import tempfile
import zipfile
from datetime import UTC, datetime
from pathlib import Path

from flask import Blueprint, flash, redirect, render_template, request, send_file, url_for
from flask.typing import ResponseReturnValue

from crawler.app.complaints import FORMATS, Notifier, PacketError, build_packet, write_packet
from crawler.app.review_actions import Permission
from db.hit_context import platforms_with_confirmed
from review.app import get_db
from review.auth import current_record, requires

bp = Blueprint("packets", __name__)


@bp.route("/packets")
@requires(Permission.EXPORT)
def packets() -> ResponseReturnValue:
    return render_template(
        "packets.html", platforms=platforms_with_confirmed(get_db()), formats=FORMATS, user=current_record()
    )


@bp.route("/packets", methods=["POST"])
@requires(Permission.EXPORT)
def export() -> ResponseReturnValue:
    form = request.form
    platform = form.get("platform", "")
    formats = [f for f in form.getlist("format") if f in FORMATS] or list(FORMATS)
    notifier = Notifier(form.get("notifier_name", ""), form.get("notifier_email", ""))
    db = get_db()
    try:
        packet = build_packet(db, platform, notifier)
        with tempfile.TemporaryDirectory(prefix="originwatch-packet-") as tmp:
            folder = Path(tmp) / "packet"
            written = write_packet(db, packet, folder, formats)
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                for path in written.files:
                    archive.write(path, path.relative_to(folder).as_posix())
    except PacketError as exc:
        flash(str(exc))
        return redirect(url_for("packets.packets"))
    buffer.seek(0)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    safe = "".join(c if c.isalnum() or c in ".-" else "_" for c in platform)[:60]
    return send_file(
        buffer, mimetype="application/zip", as_attachment=True, download_name=f"complaint-{safe}-{stamp}.zip"
    )
