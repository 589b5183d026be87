"""The low-code form engine: YAML files in forms/ become checked definitions and WTForms forms."""
