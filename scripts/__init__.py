"""The dossier's pipeline: raw seeds -> extracted tables -> curated reference -> chapters -> book."""
