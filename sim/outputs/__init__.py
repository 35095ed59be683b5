"""What a run writes and shows: tables, summary, figures, the story, the replay, the printed report."""
