from intake import create_app
app = create_app()
