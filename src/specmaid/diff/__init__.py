"""``specmaid diff``: what a change did to each diagram, compared on the model, not the text."""
