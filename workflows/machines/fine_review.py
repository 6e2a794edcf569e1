"""The official's decision beside the product's suggestion, in the audit log.

The sanction transition records the fine the official decided (fine_vnd); this effect adds,
to the same audit row, the range the product had suggested and the point it cited, so the
log keeps both and shows whether the decision stayed within the suggestion. The suggestion
on the violation is never overwritten: it stays what was proposed."""
from workflows.machines.effects import register


@register("record_fine_suggestion")
def record_fine_suggestion(ctx):
    suggested = ctx.entity.fine_suggestion or {}
    low, high = suggested.get("total_min_vnd"), suggested.get("total_max_vnd")
    fine = ctx.data.get("fine_vnd")
    ctx.audit.data = {  # a new dict: the JSON column does not track in-place changes
        **ctx.audit.data,
        "suggested_sanction": suggested.get("sanction"),
        "suggested_min_vnd": low,
        "suggested_max_vnd": high,
        "suggested_citation": suggested.get("citation") or None,
        "fine_within_suggestion": None if fine is None or low is None
        else low <= fine <= high,
    }
