"""What a race is made of: course profiles (CSV, GPX), weather, the field, rules, goals and tactics."""
