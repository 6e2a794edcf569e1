"""Reports the department files on a calendar (Circular 14/2024/TT-BCT as amended)."""
