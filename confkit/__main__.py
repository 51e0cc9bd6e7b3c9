from confkit.cli import app

app(prog_name="confkit")
