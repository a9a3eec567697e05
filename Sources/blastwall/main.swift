import BlastwallCLI

BlastwallMain.run()
