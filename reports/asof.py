"""Reports are built **as of a closing date** (SPEC §5), so the same request gives the same numbers later.

The rule every report query follows: a row counts only if it was recorded by the end of the closing day
(`cutoff(as_of)`, local time), and a row's state is the one its events recorded by then show:
- money comes from payment rolls **approved** by the cutoff (an approved roll never changes);
- an entitlement is active at a day if its `granted` event was recorded by the cutoff and no `ended` event
  recorded by the cutoff ends it before that day (same for suspensions);
- emergency aid counts assessments decided and disbursements recorded by the cutoff;
- facility residents count stays admitted by the cutoff and not discharged by it.
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone


def cutoff(as_of: date) -> datetime:
    """The first instant after the closing day, in the portal's time zone: count rows with `at < cutoff`."""
    return timezone.make_aware(datetime.combine(as_of + timedelta(days=1), time.min))
