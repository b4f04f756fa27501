module candor

go 1.26.8
