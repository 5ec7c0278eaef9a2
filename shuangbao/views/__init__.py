"""双报一领 pages by subject: overview (and a member's record), check_ins, reports, tasks (and claims)."""
