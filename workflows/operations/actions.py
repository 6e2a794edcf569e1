"""An action with its proof: files sent with a transition (the page's file field, the API's
multipart body) are stored as the record's evidence and named in the transition's
`evidence_ids`, in the same transaction, so a plan or a report never goes without the proof
its transition requires, and a refused action keeps no file row."""
from workflows.engine.fire import fire
from workflows.operations.evidence import store_attachment


def fire_with_files(session, entity, trigger: str, actor, *, uploads=(), data: dict,
                    comment: str, version, now, max_bytes: int):
    uploads = [u for u in uploads if u is not None and (u.filename or "").strip()]
    data = dict(data)
    if uploads:
        stored = []
        for upload in uploads:
            stored.append(store_attachment(session, entity, actor, upload, now, max_bytes).id)
        data["evidence_ids"] = [*(data.get("evidence_ids") or []), *stored]
    return fire(session, entity, trigger, actor, comment=comment, version=version, data=data,
                now=now)
